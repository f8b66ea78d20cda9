"""Errors the footage library raises; front ends turn them into one clear line."""


class StorycutError(Exception):
    """Base of every error meant for the user: its message is the whole explanation."""


class VideoOpenFailure(StorycutError):
    """A file could not be decoded as video (not a video, truncated, unsupported codec)."""


class LibraryError(StorycutError):
    """The library folder or its index cannot be used (unwritable, corrupt, empty)."""
