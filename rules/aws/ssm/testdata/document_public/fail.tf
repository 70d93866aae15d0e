resource "aws_ssm_document" "deploy" {
  name          = "deploy-app"
  document_type = "Command"
  permissions = {
    type        = "Share"
    account_ids = "All"
  }
  content = jsonencode({
    schemaVersion = "2.2"
    description   = "Deploy the app"
    mainSteps = [{
      action = "aws:runShellScript"
      name   = "deploy"
      inputs = { runCommand = ["/opt/app/deploy.sh"] }
    }]
  })
}
