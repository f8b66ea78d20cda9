"""The footage library: shot detection, shot measures, embeddings, the Chroma index, the catalog."""

from .errors import LibraryError, StorycutError, VideoOpenFailure
from .ingest import Progress, ingest, library_shots
from .library import Library
from .models import Concept, Features, IngestReport, Shot

__all__ = [
    "Concept",
    "Features",
    "IngestReport",
    "Library",
    "LibraryError",
    "Progress",
    "Shot",
    "StorycutError",
    "VideoOpenFailure",
    "ingest",
    "library_shots",
]
