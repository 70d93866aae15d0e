env          = "prod"
bucket_count = 2
buckets = {
  data = { versioning = true, tags = { Owner = "data-team" } }
  logs = { versioning = false }
}
