"""Before a session: planning it, its agenda and members' proposals, the invitation letter, and the
members' attendance replies."""
