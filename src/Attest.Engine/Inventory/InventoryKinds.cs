namespace Attest.Engine.Inventory;

public enum ModelKind { Predictive, Generative, LlmApplication, Agent }

public enum ModelProvider { InHouse, ThirdParty, OpenSource }

public enum DeploymentEnvironment { Development, Staging, Production }

public enum DeploymentStatus { Planned, Active, Paused, Retired }

public enum LegalBasis { Consent, Contract, LegalObligation, VitalInterests, PublicTask, LegitimateInterests, NotApplicable }
