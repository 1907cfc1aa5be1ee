"""Training days: a whole room through one join code, split into tables that each play a game."""
