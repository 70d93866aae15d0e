variable "env" {
  type    = string
  default = "dev"
}

variable "bucket_count" {
  type    = number
  default = 1
}

variable "buckets" {
  type = map(object({
    versioning = bool
    tags       = optional(map(string), {})
  }))
  default = {}
}

variable "enable_logging" {
  type    = bool
  default = false
}

variable "allowed_cidrs" {
  type    = list(string)
  default = ["10.0.0.0/8"]
}

variable "kms_key_arn" {
  type = string
}
