// Deployment.TestAsync keeps the deployment in process-wide state: tests that call it must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
