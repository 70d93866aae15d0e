resource "aws_ami_copy" "golden" {
  name              = "golden-base-2026"
  source_ami_id     = "ami-0123456789abcdef0"
  source_ami_region = "eu-west-1"
}

# Anyone may launch the image.
resource "aws_ami_launch_permission" "everyone" {
  image_id = aws_ami_copy.golden.id
  group    = "all"
}
