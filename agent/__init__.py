"""Conversation: the agent and its chat models, the built-in director, sessions and plan versions."""

from .chat import Turn, chat_turn
from .editor import Editor, EditError
from .models import chat_model
from .sessions import Edit, SessionStore

__all__ = ["Edit", "EditError", "Editor", "SessionStore", "Turn", "chat_model", "chat_turn"]
