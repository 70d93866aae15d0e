terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-2"
}

variable "team" {
  type    = string
  default = "analytics"
}

variable "zones" {
  type    = set(string)
  default = ["raw", "curated"]
}

locals {
  owner = "${var.team}@example.com"
}

module "data_lake" {
  source  = "registry.example.com/acme/data-lake/aws"
  version = "2.3.1"

  name        = "${var.team}-lake"
  zones       = var.zones
  rotate_keys = false
  owner       = local.owner
}

module "events" {
  source  = "registry.example.com/acme/queue/aws"
  version = "0.9.0"

  name              = "${var.team}-ingest"
  encrypt           = false
  dlq_allow_account = "*"
}

output "lake_key" {
  value = module.data_lake.key_arn
}
