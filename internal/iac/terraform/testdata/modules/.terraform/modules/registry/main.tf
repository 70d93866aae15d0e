variable "role" {
  type = string
}

resource "aws_iam_role" "this" {
  name               = var.role
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

module "inner" {
  source = "./modules/inner"
  prefix = var.role
}

output "role_name" {
  value = aws_iam_role.this.name
}

output "inner_arn" {
  value = module.inner.arn
}
