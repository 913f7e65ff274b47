REPO = "second"
