resource "aws_neptune_cluster" "graph" {
  cluster_identifier  = "graph"
  storage_encrypted   = true
  skip_final_snapshot = true
}
