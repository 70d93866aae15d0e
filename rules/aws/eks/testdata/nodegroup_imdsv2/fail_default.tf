# A template without metadata_options leaves IMDSv1 on.
resource "aws_launch_template" "nodes" {
  name = "eks-nodes"
}

resource "aws_eks_node_group" "workers" {
  cluster_name    = "prod"
  node_group_name = "workers"
  node_role_arn   = "arn:aws:iam::111111111111:role/eks-nodes"
  subnet_ids      = ["subnet-0aa11bb22cc33dd44"]

  scaling_config {
    desired_size = 2
    max_size     = 3
    min_size     = 1
  }

  launch_template {
    name    = aws_launch_template.nodes.name
    version = "1"
  }
}
