resource "aws_ecs_service" "canary" {
  name    = "canary"
  cluster = "arn:aws:ecs:us-east-1:111111111111:cluster/web"

  deployment_controller {
    type = "EXTERNAL"
  }
}

resource "aws_ecs_task_set" "blue" {
  service         = aws_ecs_service.canary.id
  cluster         = "arn:aws:ecs:us-east-1:111111111111:cluster/web"
  task_definition = "web:3"
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = ["subnet-0a1b2c3d"]
    assign_public_ip = true
  }
}
