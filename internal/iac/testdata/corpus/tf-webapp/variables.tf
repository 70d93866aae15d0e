variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "env" {
  type        = string
  description = "Deployment stage (dev, staging, prod)."
}

variable "app" {
  type    = string
  default = "shopfront"
}

variable "vpc_cidr" {
  type    = string
  default = "10.20.0.0/16"
}

variable "admin_cidrs" {
  type        = list(string)
  description = "Networks allowed to reach the bastion over SSH."
  default     = []
}

variable "web_ports" {
  type    = list(number)
  default = [80, 443]
}

variable "enable_reporting" {
  type    = bool
  default = false
}

variable "enable_debug_access" {
  type    = bool
  default = false
}

variable "db_instance_class" {
  type    = string
  default = "db.t4g.medium"
}

variable "db_multi_az" {
  type    = bool
  default = true
}

variable "payments_api_key" {
  type      = string
  sensitive = true
  default   = ""
}
