# No image_scanning_configuration: scan_on_push defaults to false.
resource "aws_ecr_repository" "app" {
  name = "app"
}
