resource "aws_kms_key" "data" {
  description             = "${local.prefix} data at rest"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}

module "bucket" {
  source   = "./modules/bucket"
  for_each = local.buckets

  name        = "${local.prefix}-${each.key}"
  versioned   = each.value.versioned
  kms_key_arn = each.value.kms ? aws_kms_key.data.arn : null
  tags        = merge(local.tags, { Purpose = each.key })
}
