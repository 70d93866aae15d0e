resource "aws_ecs_task_definition" "orders" {
  family                   = "orders"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 512
  memory                   = 1024

  container_definitions = jsonencode([{
    name                   = "orders"
    image                  = "111111111111.dkr.ecr.us-east-1.amazonaws.com/orders:3.2.0"
    essential              = true
    user                   = "root"
    readonlyRootFilesystem = true
    environment            = [{ name = "LOG_LEVEL", value = "info" }]
    secrets                = [{ name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db.arn }]
    logConfiguration = {
      logDriver = "awslogs"
      options   = { "awslogs-group" = "/ecs/orders", "awslogs-region" = "us-east-1" }
    }
  }])

  volume {
    name = "shared"
    efs_volume_configuration {
      file_system_id     = aws_efs_file_system.shared.id
      transit_encryption = "ENABLED"
    }
  }
}

resource "aws_secretsmanager_secret" "db" {
  name = "orders-db"
}

resource "aws_efs_file_system" "shared" {
  encrypted = true
}
