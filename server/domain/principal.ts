/** Who is calling, as a verified token says. */
export type Role = "charity" | "regulator" | "registrar";

export interface Principal {
  clientId: string;
  role: Role;
  /** The organisation a charity client writes for. */
  organisationId?: bigint;
}
