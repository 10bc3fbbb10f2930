"""IndiaMART Lead Desktop: pull, keep and work a seller's IndiaMART leads on their own PC."""

__version__ = "0.1.0"
APP_NAME = "IndiaMART Lead Desktop"
APP_ID = "indiamart-desktop"
