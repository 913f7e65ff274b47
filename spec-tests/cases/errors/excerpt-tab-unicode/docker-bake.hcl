target "app" {
	labels = { "é" = tag }
}
