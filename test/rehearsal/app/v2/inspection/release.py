import os
from pathlib import Path

# What changes from one release to the next.
VERSION = "2.0.0"

# Architecture 2.0 (§3.2.2): limits of audit attachments, agreed with DevOps.
AUDIT_ATTACHMENT_LIMITS = {"max_files": 10, "max_file_mb": 25, "max_total_mb": 100}

# Architecture 2.0: devices' offline snapshots are kept here (a shared mount on the app hosts).
OFFLINE_SNAPSHOT_DIR = os.environ.get(
    "OFFLINE_SNAPSHOT_DIR", str(Path(__file__).resolve().parent.parent.parent / "www" / "offline")
)
