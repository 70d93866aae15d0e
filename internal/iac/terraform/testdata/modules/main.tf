module "bucket" {
  for_each = toset(["a", "b"])
  source   = "./modules/bucket"
  name     = "team-${each.key}"
  encrypt  = each.key == "a"
}

module "registry" {
  source  = "terraform-aws-modules/iam/aws"
  version = "5.0.0"
  role    = "ci"
}

resource "aws_s3_bucket_public_access_block" "a" {
  bucket            = module.bucket["a"].id
  block_public_acls = true
}

resource "aws_iam_role_policy_attachment" "ci" {
  role       = module.registry.role_name
  policy_arn = module.registry.inner_arn
}
