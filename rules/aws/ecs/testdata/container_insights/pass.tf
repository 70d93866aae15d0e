resource "aws_ecs_cluster" "web" {
  name = "web"

  setting {
    name  = "containerInsights"
    value = "enhanced"
  }
}
