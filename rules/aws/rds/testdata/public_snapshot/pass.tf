resource "aws_db_cluster_snapshot" "nightly" {
  db_cluster_identifier          = "reports"
  db_cluster_snapshot_identifier = "reports-nightly"
  shared_accounts                = ["444455556666"]
}
