# No metadata options: IMDSv1 stays allowed.
resource "aws_launch_template" "web" {
  name     = "web"
  image_id = "ami-0123456789abcdef0"
}
