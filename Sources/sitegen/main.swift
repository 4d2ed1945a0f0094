import SitegenCLI

await SitegenCommand.run()
