"""IndiaMART's Lead Manager pull API: URLs, HTTP, answer classification, record normalisation.

No Qt and no SQL here.
"""
