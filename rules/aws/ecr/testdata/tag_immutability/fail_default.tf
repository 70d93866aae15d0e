# image_tag_mutability omitted: ECR creates the repository with MUTABLE tags.
resource "aws_ecr_repository" "app" {
  name = "app"
}
