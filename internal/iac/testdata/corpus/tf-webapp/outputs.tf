output "bucket_names" {
  value = { for k, b in module.bucket : k => b.id }
}

output "db_endpoint" {
  value = aws_db_instance.orders.endpoint
}
