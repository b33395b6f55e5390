import HTTPServer

/// The whole route table: method, path, who may use it, and the handler.
/// Record-level rules (this initiative's members, …) are in the handlers.
enum Routes {
    static let table: [Route] = [
        Route("GET", "/", .anyone, cacheable: true, HomeShow.handle),
        Route("GET", "/healthz", .anyone, HealthShow.handle),
        Route("GET", "/language/:code", .anyone, LanguageSet.handle),
        Route("GET", "/static/*file", .anyone, StaticShow.handle),

        // Accounts
        Route("GET", "/sign-in", .anyone, SignInShow.handle),
        Route("POST", "/sign-in", .anyone, SignInSubmit.handle),
        Route("POST", "/sign-out", .signedIn, SignOut.handle),
        Route("GET", "/register", .anyone, RegisterShow.handle),
        Route("POST", "/register", .anyone, RegisterSubmit.handle),
        Route("GET", "/dashboard", .signedIn, DashboardShow.handle),
        Route("GET", "/invitations/:token", .anyone, InvitationShow.join),
        Route("POST", "/invitations/:token", .anyone, InvitationAccept.join),
        Route("GET", "/password-reset/:token", .anyone, InvitationShow.reset),
        Route("POST", "/password-reset/:token", .anyone, InvitationAccept.reset),
        Route("GET", "/profile", .signedIn, ProfileShow.handle),
        Route("POST", "/profile", .signedIn, ProfileUpdate.handle),
        Route("POST", "/profile/password", .signedIn, PasswordChange.handle),

        // Initiatives
        Route("GET", "/initiatives", .staffManagers, InitiativeList.handle),
        Route("GET", "/initiatives/:id", .roles([.admin, .programmeOfficer, .coordinator, .documenter]), InitiativeShow.handle),
        Route("POST", "/initiatives/:id/verify", .staffManagers, InitiativeVerify.handle),
        Route("POST", "/initiatives/:id/decline", .staffManagers, InitiativeDecline.handle),
        Route("POST", "/initiatives/:id/invitations", .coordinators, MemberInvite.handle),

        // Calls
        Route("GET", "/calls", .anyone, CallList.handle),
        Route("GET", "/calls/new", .staffManagers, CallForm.new),
        Route("POST", "/calls", .staffManagers, CallForm.save),
        Route("GET", "/calls/:id", .anyone, CallShow.handle),
        Route("GET", "/calls/:id/edit", .staffManagers, CallForm.edit),
        Route("POST", "/calls/:id", .staffManagers, CallForm.save),
        Route("POST", "/calls/:id/open", .staffManagers, CallStatusChange.open),
        Route("POST", "/calls/:id/close", .staffManagers, CallStatusChange.close),
        Route("GET", "/calls/:id/ranking", .staffManagers, CallRanking.handle),
        Route("POST", "/calls/:id/applications", .coordinators, ApplicationStart.handle),

        // Applications
        Route("GET", "/applications", .staffManagers, ApplicationList.handle),
        Route("GET", "/applications/:id", .applicationReaders, ApplicationShow.handle),
        Route("GET", "/applications/:id/edit", .coordinators, ApplicationEdit.show),
        Route("POST", "/applications/:id", .coordinators, ApplicationEdit.save),
        Route("POST", "/applications/:id/withdraw", .coordinators, ApplicationWithdraw.handle),
        Route("POST", "/applications/:id/attachments", .coordinators, AttachmentUpload.handle),
        Route("GET", "/applications/:id/attachments/:file", .applicationReaders, AttachmentDownload.handle),
        Route("POST", "/applications/:id/attachments/:file/delete", .coordinators, AttachmentDelete.handle),
        Route("POST", "/applications/:id/reviewers", .staffManagers, ReviewAssign.handle),
        Route("POST", "/applications/:id/approve", .staffManagers, ApplicationDecide.approve),
        Route("POST", "/applications/:id/reject", .staffManagers, ApplicationDecide.reject),

        // Grants, payments and reports
        Route("GET", "/grants", .grantReaders, GrantList.handle),
        Route("GET", "/grants.csv", .grantReaders, GrantExport.csv),
        Route("GET", "/grants.json", .grantReaders, GrantExport.giving),
        Route("GET", "/grants/:id", .grantHolders, GrantShow.handle),
        Route("GET", "/grants/:id/schedule", .staffManagers, GrantScheduleEdit.show),
        Route("POST", "/grants/:id/schedule", .staffManagers, GrantScheduleEdit.save),
        Route("POST", "/grants/:id/tranches/:tranche/disbursements", .staffManagers, DisbursementActions.propose),
        Route("POST", "/grants/:id/terminate", .staffManagers, GrantTerminate.handle),
        Route("POST", "/disbursements/:id/approve", .finance, DisbursementActions.approve),
        Route("POST", "/disbursements/:id/pay", .finance, DisbursementActions.pay),
        Route("POST", "/disbursements/:id/cancel", .grantReaders, DisbursementActions.cancel),
        Route("GET", "/reports/:id", .grantHolders, ReportPage.handle),
        Route("POST", "/reports/:id", .coordinators, ReportSave.handle),
        Route("POST", "/reports/:id/accept", .staffManagers, ReportDecide.accept),
        Route("POST", "/reports/:id/return", .staffManagers, ReportDecide.giveBack),

        // Reviews
        Route("GET", "/reviews", .reviewers, ReviewList.handle),
        Route("GET", "/reviews/:id", .reviewers, ReviewShow.handle),
        Route("POST", "/reviews/:id/declaration", .reviewers, ReviewDeclare.handle),
        Route("POST", "/reviews/:id", .reviewers, ReviewSubmit.handle),

        // Officers and certificates of gratitude
        Route("GET", "/officers", .officerReaders, OfficerList.handle),
        Route("GET", "/officers/new", .staffManagers, OfficerForm.new),
        Route("POST", "/officers", .staffManagers, OfficerForm.save),
        Route("GET", "/officers/:id", .officerReaders, OfficerShow.handle),
        Route("GET", "/officers/:id/edit", .staffManagers, OfficerForm.edit),
        Route("POST", "/officers/:id", .staffManagers, OfficerForm.save),
        Route("POST", "/officers/:id/merge", .staffManagers, OfficerMerge.handle),
        Route("GET", "/occasions", .officerReaders, OccasionList.handle),
        Route("GET", "/occasions/new", .staffManagers, OccasionForm.new),
        Route("POST", "/occasions", .staffManagers, OccasionForm.save),
        Route("GET", "/occasions/:id", .officerReaders, OccasionShow.handle),
        Route("GET", "/occasions/:id/edit", .staffManagers, OccasionForm.edit),
        Route("POST", "/occasions/:id", .staffManagers, OccasionForm.save),
        Route("POST", "/occasions/:id/recognitions", .coordinators, RecognitionPropose.handle),
        Route("POST", "/recognitions/:id/include", .staffManagers, RecognitionDecide.include),
        Route("POST", "/recognitions/:id/exclude", .staffManagers, RecognitionDecide.exclude),
        Route("GET", "/occasions/:id/list", .staffManagers, CertificateList.show),
        Route("GET", "/occasions/:id/list.csv", .staffManagers, CertificateList.csv),
        Route("GET", "/occasions/:id/certificates", .staffManagers, CertificatePrint.handle),
        Route("GET", "/thanks", .anyone, PublicThanks.handle),

        // Administration
        Route("GET", "/admin/users", .administrators, UserList.handle),
        Route("GET", "/admin/users/:id", .administrators, UserShow.handle),
        Route("POST", "/admin/users/:id/role", .administrators, UserRoleChange.handle),
        Route("POST", "/admin/users/:id/deactivate", .administrators, UserActivation.deactivate),
        Route("POST", "/admin/users/:id/reactivate", .administrators, UserActivation.reactivate),
        Route("POST", "/admin/users/:id/reset-link", .administrators, UserResetLink.handle),
        Route("GET", "/admin/invitations/new", .administrators, StaffInvite.show),
        Route("POST", "/admin/invitations", .administrators, StaffInvite.submit),
        Route("GET", "/admin/audit", .administrators, AuditList.handle),
    ]
}
