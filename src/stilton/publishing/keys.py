def file_key(blake2_256: str, filename: str) -> str:
    """The blob key and URL path below `/packages/`: PyPI's blake2b-256 fan-out."""
    h = blake2_256
    return f"{h[:2]}/{h[2:4]}/{h[4:]}/{filename}"


def metadata_key(blake2_256: str, filename: str) -> str:
    return file_key(blake2_256, filename) + ".metadata"
