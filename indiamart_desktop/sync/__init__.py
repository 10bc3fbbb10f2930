"""When to call IndiaMART and which window to ask for: pure rules plus one engine. No Qt."""
