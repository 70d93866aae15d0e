locals {
  name_prefix = "${var.env}-${local.app}"
  app         = "vigil"
  common_tags = merge({ Environment = var.env }, { App = local.app })
  ports       = [for p in [22, 443, 8080] : p if p != 8080]
  subnet      = cidrsubnet("10.0.0.0/16", 8, 2)
}

resource "aws_s3_bucket" "b" {
  for_each = var.buckets
  bucket   = "${local.name_prefix}-${each.key}"
  tags     = merge(local.common_tags, each.value.tags)
}

resource "aws_s3_bucket_versioning" "b" {
  for_each = var.buckets
  bucket   = aws_s3_bucket.b[each.key].id

  versioning_configuration {
    status = each.value.versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket" "logs" {
  count  = var.enable_logging ? 1 : 0
  bucket = "${local.name_prefix}-logs"
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.b["data"].id
  target_bucket = aws_s3_bucket.logs[0].id
  target_prefix = "data/"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.b["data"].bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}

resource "aws_security_group" "web" {
  count       = var.bucket_count
  name        = format("%s-web-%d", local.name_prefix, count.index)
  description = upper("web ${count.index}")

  dynamic "ingress" {
    for_each = local.ports
    iterator = port
    content {
      from_port   = port.value
      to_port     = port.value
      protocol    = "tcp"
      cidr_blocks = var.allowed_cidrs
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_iam_policy" "p" {
  name = "${local.name_prefix}-read"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = [for k, b in aws_s3_bucket.b : "${b.arn}/*"]
    }]
  })
}

resource "aws_subnet" "a" {
  vpc_id     = data.aws_vpc.main.id
  cidr_block = local.subnet
  tags       = { Name = "a", Hosts = cidrhost(local.subnet, 5) }
}

data "aws_vpc" "main" {
  default = true
}

output "bucket_ids" {
  value = [for b in aws_s3_bucket.b : b.id]
}
