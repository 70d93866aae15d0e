resource "aws_iam_role" "cluster" {
  name = "eks-cluster"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "eks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids              = ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }
}
