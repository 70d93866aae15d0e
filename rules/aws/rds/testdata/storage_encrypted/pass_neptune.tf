resource "aws_neptune_cluster" "graph" {
  cluster_identifier                  = "graph"
  storage_encrypted                   = true
  kms_key_arn                         = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  iam_database_authentication_enabled = true
  skip_final_snapshot                 = true
}
