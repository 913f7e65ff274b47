variable "PLATFORMS" {
  type    = list(string)
  default = ["linux/amd64"]
}
variable "NUMS" {
  type    = list(number)
  default = []
}
target "app" {
  platforms = PLATFORMS
  args = {
    SUM   = sum(NUMS...)
    COUNT = length(NUMS)
  }
}
function "sum" {
  params          = []
  variadic_params = nums
  result          = length(nums) == 0 ? 0 : nums[0] + (length(nums) > 1 ? nums[1] : 0) + (length(nums) > 2 ? nums[2] : 0)
}
