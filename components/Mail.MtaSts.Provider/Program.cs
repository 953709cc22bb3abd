using Pulumi.Experimental.Provider;

// The provider plugin: serves the schema of every component in this assembly (MtaStsDomain) and constructs them.
// The package name is given; the SDK derives the namespace ("mail") from the assembly name and the version 0.0.0.
await ComponentProviderHost.Serve(args, typeof(Mail.MtaSts.Provider.MtaStsDomain).Assembly, Mail.MtaSts.Provider.MtaStsDomain.PackageName);
