resource "aws_launch_template" "web" {
  name     = "web"
  image_id = "ami-0123456789abcdef0"

  metadata_options {
    http_tokens   = "optional"
    http_endpoint = "enabled"
  }
}
