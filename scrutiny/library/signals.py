"""Signals the library sends, so apps above it can react without the library importing them."""

from django.dispatch import Signal

# Sent inside the loading transaction after a new version of a template is written, with
# `template` (the new FrameworkTemplate), `previous` (older versions with the same code and
# owner, newest first) and `using` (the database alias).
template_version_loaded = Signal()
