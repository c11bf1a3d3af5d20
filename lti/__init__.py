"""LTI 1.3 Advantage tool (registered by the app factory when present)."""

def init_app(app):
    """Register the LTI blueprint and CLI (filled in by the LTI work)."""

