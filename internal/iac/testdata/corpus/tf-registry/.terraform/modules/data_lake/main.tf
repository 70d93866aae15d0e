variable "name" {
  type = string
}

variable "zones" {
  type = set(string)
}

variable "rotate_keys" {
  type    = bool
  default = true
}

variable "owner" {
  type = string
}

resource "aws_kms_key" "lake" {
  description         = "${var.name} encryption"
  enable_key_rotation = var.rotate_keys
  tags                = { Owner = var.owner }
}

resource "aws_kms_alias" "lake" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.lake.key_id
}

module "zone" {
  source   = "./modules/zone"
  for_each = var.zones

  bucket_name = "${var.name}-${each.value}"
  kms_key_arn = aws_kms_key.lake.arn
  versioning  = each.value == "curated"
}

output "key_arn" {
  value = aws_kms_key.lake.arn
}

output "buckets" {
  value = { for z, m in module.zone : z => m.bucket }
}
