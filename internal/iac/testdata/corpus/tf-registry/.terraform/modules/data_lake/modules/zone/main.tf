variable "bucket_name" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

variable "versioning" {
  type = bool
}

resource "aws_s3_bucket" "zone" {
  bucket        = var.bucket_name
  force_destroy = false
}

resource "aws_s3_bucket_versioning" "zone" {
  count  = var.versioning ? 1 : 0
  bucket = aws_s3_bucket.zone.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "zone" {
  bucket = aws_s3_bucket.zone.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}

resource "aws_s3_bucket_public_access_block" "zone" {
  bucket                  = aws_s3_bucket.zone.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

data "aws_iam_policy_document" "tls" {
  statement {
    sid       = "TLSOnly"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.zone.arn, "${aws_s3_bucket.zone.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "zone" {
  bucket = aws_s3_bucket.zone.id
  policy = data.aws_iam_policy_document.tls.json
}

output "bucket" {
  value = aws_s3_bucket.zone.id
}
