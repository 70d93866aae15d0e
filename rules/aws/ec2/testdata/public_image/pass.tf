resource "aws_ami_copy" "golden" {
  name              = "golden-base-2026"
  source_ami_id     = "ami-0123456789abcdef0"
  source_ami_region = "eu-west-1"
}

# Shared with one partner account only.
resource "aws_ami_launch_permission" "partner" {
  image_id   = aws_ami_copy.golden.id
  account_id = "444455556666"
}
