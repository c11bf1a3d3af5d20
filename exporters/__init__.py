"""Format codecs (IMS Common Cartridge, ...): standard library and lxml only, never Flask or
SQLAlchemy. They work on the frozen dataclasses in exporters.model."""
