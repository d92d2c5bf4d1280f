"""The upload checks, grouped by subject; their order lives in `stilton.upload.pipeline`."""
