"""IMS Common Cartridge codec: write a course (1.3, 1.1 or thin 1.3), read any 1.0-1.3 cartridge
back (Canvas quirks included), and check a package against the rules LMS importers rely on."""
from .checks import Finding, check_cartridge
from .errors import CartridgeError, ExportError
from .ids import IdFactory, SequentialIds, stable_ids
from .reader import ImportReport, ImportResult, Skipped, read_cartridge
from .safezip import DEFAULT_LIMITS, Limits
from .writer import write_cartridge, write_cartridge_to

__all__ = [
    "CartridgeError", "DEFAULT_LIMITS", "ExportError", "Finding", "IdFactory", "ImportReport", "ImportResult",
    "Limits", "SequentialIds", "Skipped", "check_cartridge", "read_cartridge", "stable_ids",
    "write_cartridge", "write_cartridge_to",
]
