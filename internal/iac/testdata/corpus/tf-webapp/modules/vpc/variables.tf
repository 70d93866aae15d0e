variable "name" {
  type = string
}

variable "cidr" {
  type = string
}

variable "azs" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b"]
}

variable "web_ports" {
  type = list(number)
}

variable "admin_cidrs" {
  type = list(string)
}

variable "debug" {
  type    = bool
  default = false
}
