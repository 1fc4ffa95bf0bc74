namespace Surveillance.Domain;

public enum Side { Buy, Sell }

public enum OrderEventType { New, Amend, Cancel, Reject }

public enum OrderType { Limit, Market }

public enum TimeInForce { Day, Ioc, Fok, Gtc }

/// <summary>Board or market segment; eligibility rules (STAR, ChiNext, Beijing) hang on it.</summary>
public enum Board { Main, Star, ChiNext, Beijing, Fund, Bond, Otc }

public enum ProductType { Stock, Etf, Fund, Bond, Option, Future, Wealth, Structured }

/// <summary>Product risk level R1 (lowest) to R5 (highest), as CSRC suitability rules grade products.</summary>
public enum ProductRisk { R1 = 1, R2 = 2, R3 = 3, R4 = 4, R5 = 5 }

/// <summary>Customer risk tolerance C1 (most conservative) to C5, from the risk questionnaire.</summary>
public enum CustomerRisk { C1 = 1, C2 = 2, C3 = 3, C4 = 4, C5 = 5 }

public enum Complexity { Standard, Complex }

public enum InvestorClass { Ordinary, Professional }

public enum AccountType { Cash, Margin, Options }

public enum CashMovementType { Deposit, Withdrawal, TransferIn, TransferOut, Dividend, Interest, Fee, MarginInterest }

public enum PositionKind { Security, Cash, MarginDebt }

public enum WatchListType { Insider, Restricted }
