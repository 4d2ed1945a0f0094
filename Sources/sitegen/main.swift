import SitegenCLI

SitegenCommand.run()
