"""Development-time scripts (data builds, screenshots): run as ``python -m scripts.<name>`` from the root."""
