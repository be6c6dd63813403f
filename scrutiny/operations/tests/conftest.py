from scrutiny.core.tests.s3 import s3_server, s3_storage  # noqa: F401 - S3 fixtures
