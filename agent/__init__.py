"""Conversation: chat turns, the built-in director's intents, sessions and plan versions."""

from .chat import Turn, chat_turn
from .sessions import Edit, SessionStore

__all__ = ["Edit", "SessionStore", "Turn", "chat_turn"]
